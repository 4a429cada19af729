package web

import (
	"sort"
	"time"

	"ezz/internal/record"
)

// scanView is what scan.html shows.
type scanView struct {
	Message   string // a page with no verdict: no token, too many look-ups
	Verdict   Verdict
	Class     string // ok, warn or bad: the verdict's colour
	Heading   string
	Say       string
	Why       string
	ExpiredAt string
	Current   string
	Pilot     bool
	CheckedAt string
	Fields    []field // the certificate's particulars, holder masked
	Full      []field // every data item, for staff
}

type field struct{ Label, Value string }

// newScanView lays out a result for the page.
func newScanView(p page, res Result, staff bool, now time.Time) scanView {
	v := scanView{Verdict: res.Verdict, Class: verdictClass(res.Verdict), Pilot: res.Pilot, CheckedAt: p.Time(now)}
	v.Heading = p.T("scan." + string(res.Verdict))
	if say, ok := messages["scan."+string(res.Verdict)+".say"]; ok {
		v.Say = p.In(say)
	}
	if !res.Why.IsZero() {
		v.Why = p.In(res.Why)
	}
	if res.Verdict == ExpiredQR {
		v.ExpiredAt = p.Time(res.ExpiredAt)
	}
	if res.Verdict == Superseded {
		v.Current = res.Current
	}
	if res.Verdict != CannotTell {
		v.Fields = fields(p, res, staff)
	}
	if staff && res.Record != nil {
		v.Full = items(res.Record)
	}
	return v
}

func verdictClass(v Verdict) string {
	switch v {
	case Valid:
		return "ok"
	case ExpiredQR, CannotTell:
		return "warn"
	}
	return "bad"
}

// fields are the particulars under the verdict: what identifies the
// certificate in full, the holder masked unless staff asks.
func fields(p page, res Result, staff bool) []field {
	out := []field{{p.T("f.identifier"), res.Identifier}}
	if !res.StatusAt.IsZero() {
		out = append(out, field{p.T("f.status-at"), p.Time(res.StatusAt)})
	}
	m := res.Record
	if m == nil {
		return out
	}
	until := m.Meta.ZZYXQJZRQ
	if until == "" {
		until = p.T("f.permanent")
	}
	name, code := MaskName(m.Meta.CZZT), MaskCode(m.Meta.CZZTDM, m.Meta.CZZTDMLXDM)
	if staff {
		name, code = m.Meta.CZZT, m.Meta.CZZTDM
	}
	return append([]field{
		{p.T("f.ZZMC"), m.Meta.ZZMC},
		{p.T("f.ZZBH"), m.Meta.ZZBH},
		{p.T("f.ZZBFJG"), m.Meta.ZZBFJG},
		{p.T("f.ZZBFRQ"), m.Meta.ZZBFRQ},
		{p.T("f.validity"), m.Meta.ZZYXQQSRQ + " " + p.T("f.to") + " " + until},
		{p.T("f.CZZT"), name},
		{p.T("f.CZZTDM"), code},
	}, out...)
}

// items lists every data item of rec by id.
func items(rec *record.Record) []field {
	out := make([]field, 0, len(rec.Items))
	for k, v := range rec.Items {
		out = append(out, field{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}
