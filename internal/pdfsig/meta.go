package pdfsig

// maxAttachments bounds the total decoded size of the embedded files read.
const maxAttachments = 16 << 20

// Attachments returns the embedded files of pdf by file name.
func Attachments(pdf []byte) (map[string][]byte, error) {
	d, err := open(pdf)
	if err != nil {
		return nil, err
	}
	return attachments(d), nil
}

// attachments reads the /EmbeddedFiles name tree; unreadable entries are skipped.
func attachments(d *document) map[string][]byte {
	out := map[string][]byte{}
	total := 0
	names := d.dict(d.dict(d.trailer()["Root"])["Names"])
	walkNameTree(d, names["EmbeddedFiles"], 0, func(key string, v any) {
		spec := d.dict(v)
		name := String(key).Text()
		for _, k := range []Name{"F", "UF"} {
			if s, ok := spec[k].(String); ok && len(s) > 0 {
				name = s.Text()
			}
		}
		ef := d.dict(spec["EF"])
		sv, err := d.resolve(ef["UF"])
		if _, ok := sv.(*Stream); !ok || err != nil {
			sv, err = d.resolve(ef["F"])
		}
		st, ok := sv.(*Stream)
		if !ok || err != nil {
			return
		}
		data, err := decode(st)
		if err != nil || total+len(data) > maxAttachments {
			return
		}
		total += len(data)
		out[name] = data
	})
	return out
}

// info returns the document information dictionary as text.
func info(d *document) map[string]string {
	out := map[string]string{}
	for k, v := range d.dict(d.trailer()["Info"]) {
		if s, ok := v.(String); ok {
			out[string(k)] = s.Text()
		}
	}
	return out
}
