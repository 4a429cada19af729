package pdfsig

import "fmt"

// dssWalk gives every object of the document security store (PAdES
// long-term validation data: /Certs, /OCSPs, /CRLs and /VRI) the DSS role,
// and checks its shape: dictionaries and arrays of streams, nothing else.
func dssWalk(d *document, v any, rs roles) error {
	if v == nil {
		return nil
	}
	if err := rs.set(v, roleDSS); err != nil {
		return err
	}
	dss := plainDict(d, v)
	if dss == nil {
		return fmt.Errorf("the catalog's /DSS is not a dictionary")
	}
	for k, x := range dss {
		var err error
		switch k {
		case "Type":
			if x != Name("DSS") {
				err = fmt.Errorf("the DSS has /Type %s", syntax(x))
			}
		case "Certs", "OCSPs", "CRLs":
			err = dssStreams(d, x, rs)
		case "VRI":
			err = dssVRI(d, x, rs)
		default:
			err = fmt.Errorf("the DSS has /%s", k)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// dssStreams checks an array of references to streams.
func dssStreams(d *document, x any, rs roles) error {
	if err := rs.set(x, roleDSS); err != nil {
		return err
	}
	a, ok := d.resolveArray(x)
	if !ok {
		return fmt.Errorf("a DSS entry is not an array")
	}
	for _, e := range a {
		r, ok := e.(Ref)
		v, _ := d.resolve(r)
		if _, isStream := v.(*Stream); !ok || !isStream {
			return fmt.Errorf("the DSS lists %s (%s), which is not a stream", syntax(e), kindOf(v))
		}
		if err := rs.set(r, roleDSS); err != nil {
			return err
		}
	}
	return nil
}

// dssVRI checks the validation-related information dictionary.
func dssVRI(d *document, x any, rs roles) error {
	if err := rs.set(x, roleDSS); err != nil {
		return err
	}
	vri := plainDict(d, x)
	if vri == nil {
		return fmt.Errorf("the DSS /VRI is not a dictionary")
	}
	for _, e := range vri {
		if err := rs.set(e, roleDSS); err != nil {
			return err
		}
		ent := plainDict(d, e)
		if ent == nil {
			return fmt.Errorf("a DSS /VRI entry is not a dictionary")
		}
		for k, y := range ent {
			var err error
			switch k {
			case "Type":
				if y != Name("VRI") {
					err = fmt.Errorf("a DSS /VRI entry has /Type %s", syntax(y))
				}
			case "Cert", "OCSP", "CRL":
				err = dssStreams(d, y, rs)
			case "TS":
				err = dssStreams(d, Array{y}, rs)
			case "TU":
				if _, ok := y.(String); !ok {
					err = fmt.Errorf("a DSS /VRI entry's /TU is not a date")
				}
			default:
				err = fmt.Errorf("a DSS /VRI entry has /%s", k)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}
