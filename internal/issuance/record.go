package issuance

import (
	"fmt"
	"strconv"
	"time"

	"ezz/internal/catalogue"
	"ezz/internal/dataitem"
	"ezz/internal/record"
	"ezz/internal/workday"
)

// valueOf is the value of the item the template maps, "" when it maps none.
func valueOf(values map[string]string, item string) string {
	if item == "" {
		return ""
	}
	return values[item]
}

// buildRecord makes version 1 of a certificate from validated values, which
// must not change afterwards: the record may keep them as its items.
func buildRecord(t *catalogue.Template, values map[string]string, id, office, officeCode, station, hash string, at time.Time) (*record.Record, error) {
	m := t.Metadata
	get := func(item string) string { return valueOf(values, item) }
	meta := record.Metadata{
		ZZMC:     t.Catalogue.Name,
		ZZLXDM:   t.Catalogue.TypeCode,
		ZZBH:     get(m.Number),
		ZZBS:     id,
		ZZBFJG:   office,
		ZZBFJGDM: officeCode,
		CZZT:     get(m.HolderName),
		CZZTDM:   get(m.HolderCode),
	}
	meta.CZZTDMLXDM = get(m.HolderCodeType)
	if meta.CZZTDMLXDM == "" && len(t.Catalogue.Holder.IDTypes) > 0 {
		meta.CZZTDMLXDM = t.Catalogue.Holder.IDTypes[0]
	}
	meta.CZZTDMLX = dataitem.HolderIDTypes[meta.CZZTDMLXDM]
	var err error
	if meta.ZZBFRQ, meta.ZZYXQQSRQ, meta.ZZYXQJZRQ, err = recordDates(t, values, at); err != nil {
		return nil, err
	}
	return &record.Record{
		Format:        record.FormatV1,
		Identifier:    id,
		Version:       1,
		Status:        "01",
		CatalogueHash: hash,
		Station:       station,
		IssuedAt:      at.UTC().Format(time.RFC3339),
		Meta:          meta,
		Items:         nonEmpty(values),
	}, nil
}

// nonEmpty is values without its empty ones: values itself when none is
// empty (most rows of a register), which a record then shares with the plan
// — neither is changed once made — so that a row's items are not copied.
func nonEmpty(values map[string]string) map[string]string {
	empty := 0
	for _, v := range values {
		if v == "" {
			empty++
		}
	}
	if empty == 0 {
		return values
	}
	items := make(map[string]string, len(values)-empty)
	for k, v := range values {
		if v != "" {
			items[k] = v
		}
	}
	return items
}

// recordDates are a certificate's issue date (ZZBFRQ: the mapped item, else the
// day of at in China) and validity (ZZYXQQSRQ: the mapped item, else the issue
// date; ZZYXQJZRQ: the mapped item, else from the catalogue's validity, "" for
// a permanent licence).
func recordDates(t *catalogue.Template, values map[string]string, at time.Time) (issued, from, until string, err error) {
	m := t.Metadata
	get := func(item string) string { return valueOf(values, item) }
	if issued = get(m.IssueDate); issued == "" {
		issued = at.In(workday.Shanghai).Format(time.DateOnly)
	}
	if from = get(m.ValidFrom); from == "" {
		from = issued
	}
	until = get(m.ValidUntil)
	if until == "" && m.ValidUntil == "" {
		until, err = validityEnd(from, t.Catalogue.Validity)
	}
	return issued, from, until, err
}

// validityEnd is the last day of a validity such as "5y", "6m" or "90d"
// starting on from (YYYY-MM-DD); "permanent" or "" gives "" (no end).
func validityEnd(from, validity string) (string, error) {
	if validity == "" || validity == "permanent" {
		return "", nil
	}
	start, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return "", fmt.Errorf("validity start %q: %w", from, err)
	}
	n, err := strconv.Atoi(validity[:len(validity)-1])
	if err != nil || n <= 0 {
		return "", fmt.Errorf("catalogue validity %q: use e.g. 5y, 6m, 90d or permanent", validity)
	}
	var end time.Time
	switch validity[len(validity)-1] {
	case 'y':
		end = start.AddDate(n, 0, 0)
	case 'm':
		end = start.AddDate(0, n, 0)
	case 'd':
		end = start.AddDate(0, 0, n)
	default:
		return "", fmt.Errorf("catalogue validity %q: use e.g. 5y, 6m, 90d or permanent", validity)
	}
	return end.AddDate(0, 0, -1).Format(time.DateOnly), nil
}
