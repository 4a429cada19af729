package issuance

import (
	"testing"
	"time"
)

func TestMakeVersion(t *testing.T) {
	m, vals := newMaker(t, true)
	at := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	v1, err := m.Make(vals, 7, at)
	if err != nil {
		t.Fatal(err)
	}
	vals["valid_until"] = "2035-01-01"
	v2, err := m.MakeVersion(v1.Record, vals, "", at.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if v2.ID.Serial != v1.ID.Serial || v2.ID.Version != "002" || v2.Record.Version != 2 || v2.Record.Identifier != v2.ID.String() {
		t.Errorf("version 2: got %s (record version %d), want serial %s version 002", v2.ID, v2.Record.Version, v1.ID.Serial)
	}
	if v2.Record.Meta.ZZYXQJZRQ != "2035-01-01" || v2.Record.Meta.ZZBFJGDM != v1.Record.Meta.ZZBFJGDM {
		t.Errorf("version 2 metadata: got %+v", v2.Record.Meta)
	}
	if v2.PDFSM3 != hexSM3(v2.PDF) || v2.PDFSM3 == v1.PDFSM3 || v2.QR == v1.QR {
		t.Error("version 2 has no PDF and QR of its own")
	}
	v3, err := m.MakeVersion(v2.Record, vals, "2036-05-31", at.Add(2*time.Hour))
	if err != nil || v3.ID.Version != "003" || v3.Record.Meta.ZZYXQJZRQ != "2036-05-31" {
		t.Fatalf("version 3: got %v, %v", v3, err)
	}
	if PDFName(v1.ID) != v1.ID.Serial+".pdf" || PDFName(v3.ID) != v1.ID.Serial+"-003.pdf" {
		t.Errorf("PDF names: %s, %s", PDFName(v1.ID), PDFName(v3.ID))
	}
}

func TestRemake(t *testing.T) {
	m, vals := newMaker(t, true)
	at := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	v1, err := m.Make(vals, 9, at)
	if err != nil {
		t.Fatal(err)
	}
	again, err := m.Remake(v1.Record, v1.Envelope, at.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != v1.ID || !again.QRExpires.Equal(v1.QRExpires) || again.PDFSM3 != hexSM3(again.PDF) || again.PDFSM3 == v1.PDFSM3 {
		t.Errorf("remade: id %s QR until %s sm3 %s; want %s, %s and a new SM3", again.ID, again.QRExpires, again.PDFSM3, v1.ID, v1.QRExpires)
	}
}
