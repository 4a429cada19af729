package push

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"ezz/internal/env"
	"ezz/internal/record"
)

// RecordSource finds the record of a certificate version (a status change's
// items are filled from its current version's record).
type RecordSource func(ctx context.Context, identifier string) (*record.Record, error)

// Transport makes the profile's transport over c (whose BaseURL and Key it
// sets) and its rate limiter.
func (p *Profile) Transport(c *Client, records RecordSource) (Transport, *Limiter, error) {
	c.BaseURL = p.URL
	lim := &Limiter{Rate: p.RateLimit}
	if p.Protocol == ProtocolEzz {
		return &EzzTransport{Client: c}, lim, nil
	}
	if p.Auth.Type != AuthSignature {
		c.Key = nil
	}
	m := &mapped{p: p, c: c, records: records}
	if p.Auth.Type == AuthOAuth2 {
		secret := env.PushClientSecret.Get()
		if secret == "" {
			return nil, nil, fmt.Errorf("profile %s: set $%s to the OAuth2 client secret", p.Name, env.PushClientSecret.Name)
		}
		m.token = &oauth2{p: p, secret: secret, http: c.HTTP, now: c.now}
		c.Key, c.Authorize = nil, m.token.authorize
	}
	if p.Encryption == EncryptSM4 {
		key, err := sm4Key(env.PushSM4Key.Get())
		if err != nil {
			return nil, nil, fmt.Errorf("profile %s: $%s: %w", p.Name, env.PushSM4Key.Name, err)
		}
		m.sm4 = key
	}
	return m, lim, nil
}

// mapped sends items as a province's records (accept-data or exchange-table).
type mapped struct {
	p       *Profile
	c       *Client
	records RecordSource
	token   *oauth2
	sm4     []byte
}

func (m *mapped) Target() string { return m.p.Name + " " + m.p.URL }

// Send sends items as one request and reads the per-item answer. Items an
// accept-data answer leaves unsettled (ReturnCode 0 naming only others) are
// sent again on their own.
func (m *mapped) Send(ctx context.Context, items []Item) ([]Result, error) {
	batch := BodySM3([]byte(items[0].Key + items[len(items)-1].Key))[:16]
	rows := make([]map[string]any, len(items))
	for i := range items {
		row, err := m.row(ctx, &items[i], batch)
		if err != nil {
			return nil, err
		}
		rows[i] = row
	}
	body, err := m.body(rows, batch)
	if err != nil {
		return nil, err
	}
	var answer map[string]json.RawMessage
	if err := m.c.Do(ctx, http.MethodPost, m.p.Paths["items"], body, &answer); err != nil {
		return nil, err
	}
	results, unsettled, err := m.read(items, answer)
	if err != nil || len(unsettled) == 0 || len(unsettled) == len(items) {
		if err == nil && len(unsettled) > 0 {
			err = fmt.Errorf("%s answered ReturnCode %s without naming which items failed", m.p.Name, answer["ReturnCode"])
		}
		return results, err
	}
	return m.resend(ctx, items, results, unsettled)
}

func (m *mapped) resend(ctx context.Context, items []Item, results []Result, unsettled []int) ([]Result, error) {
	again := make([]Item, len(unsettled))
	for j, i := range unsettled {
		again[j] = items[i]
	}
	rs, err := m.Send(ctx, again)
	if err != nil {
		return nil, err
	}
	for j, i := range unsettled {
		results[i] = rs[j]
	}
	return results, nil
}

// row is an item as the interface's record, under the profile's field names.
func (m *mapped) row(ctx context.Context, it *Item, batch string) (map[string]any, error) {
	rec, err := m.recordOf(ctx, it)
	if err != nil {
		return nil, err
	}
	state := rec.Status
	if it.Status != "" {
		state = it.Status
	}
	op := m.p.Operations[it.Action]
	if op == "" {
		op = m.p.Operations[it.Kind]
	}
	meta := rec.Meta
	ours := map[string]any{"ZZMC": meta.ZZMC, "ZZLXDM": meta.ZZLXDM, "ZZBH": meta.ZZBH, "ZZBS": it.Identifier,
		"ZZBFJG": meta.ZZBFJG, "ZZBFJGDM": meta.ZZBFJGDM, "ZZBFRQ": meta.ZZBFRQ, "CZZT": meta.CZZT, "CZZTDM": meta.CZZTDM,
		"CZZTDMLX": meta.CZZTDMLX, "CZZTDMLXDM": meta.CZZTDMLXDM, "ZZYXQQSRQ": meta.ZZYXQQSRQ, "ZZYXQJZRQ": meta.ZZYXQJZRQ,
		"operation": op, "state": m.p.States[state], "reason": it.Reason, "time": it.At, "batch": batch,
		"record": it.Record, "version": it.Version}
	if len(it.PDF) > 0 {
		ours["pdf"] = base64.StdEncoding.EncodeToString(it.PDF)
	}
	row := map[string]any{}
	for k, theirs := range m.p.Fields {
		if v, ok := ours[k]; ok {
			row[theirs] = v
		}
	}
	return row, nil
}

func (m *mapped) recordOf(ctx context.Context, it *Item) (*record.Record, error) {
	if it.Record == "" {
		return m.records(ctx, it.Identifier)
	}
	return DecodeRecord([]byte(it.Record))
}

// DecodeRecord reads the record out of a signed envelope without checking
// the signature (the envelope comes from the agency's own ledger).
func DecodeRecord(envelope []byte) (*record.Record, error) {
	_, canonical, _, err := record.Split(envelope)
	if err != nil {
		return nil, err
	}
	var r record.Record
	if err := json.Unmarshal(canonical, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// body is the request body: the protocol's envelope, encrypted when asked.
func (m *mapped) body(rows []map[string]any, batch string) ([]byte, error) {
	var v any = map[string]any{"AcceptData": rows}
	if m.p.Protocol == ProtocolExchangeTable {
		v = map[string]any{"table": m.p.Table, "batch": batch, "rows": rows}
	}
	plain, err := json.Marshal(v)
	if err != nil || m.sm4 == nil {
		return plain, err
	}
	enc, iv, err := sm4Encrypt(m.sm4, plain)
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]string{"encrypted": base64.StdEncoding.EncodeToString(enc), "iv": fmt.Sprintf("%x", iv)})
}

// matches reports whether msg says the record is already there.
func (p *Profile) duplicate(msg string) bool {
	for _, d := range p.Answers.Duplicate {
		if d != "" && strings.Contains(msg, d) {
			return true
		}
	}
	return false
}

func (m *mapped) receipt(it *Item, code string, now time.Time) Result {
	r := Result{Key: it.Key, Result: Accepted, Receipt: m.p.Name + ":" + BodySM3([]byte(it.Key))[:20], ReceivedAt: now.UTC().Format(time.RFC3339)}
	if code == "duplicate" {
		r.Result = Duplicate
	}
	return r
}
