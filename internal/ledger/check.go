package ledger

import (
	"context"
	"fmt"
	"os"
	"time"
)

// Problem is one broken consistency rule of a ledger: the rule's name (docs/
// ledger.md lists them) and what breaks it.
type Problem struct {
	Rule    string
	Subject string
}

// consistency are the ledger's own rules, each a query listing what breaks it.
var consistency = []struct{ rule, query string }{
	{"current-version", `SELECT c.identifier FROM certificates c LEFT JOIN versions v
		ON v.identifier = c.identifier AND v.stem = c.stem AND v.version = c.version WHERE v.identifier IS NULL`},
	{"version-count", `SELECT c.identifier FROM certificates c
		WHERE (SELECT count(*) FROM versions v WHERE v.stem = c.stem) <> c.version
		   OR (SELECT max(version) FROM versions v WHERE v.stem = c.stem) <> c.version`},
	{"certificate-event", `SELECT c.identifier FROM certificates c LEFT JOIN events e ON e.seq = c.last_event
		WHERE e.stem IS NOT c.stem`},
	{"version-event", `SELECT v.identifier FROM versions v LEFT JOIN events e ON e.seq = v.event
		WHERE e.stem IS NOT v.stem`},
	{"outbox-event", `SELECT o.id FROM outbox o LEFT JOIN events e ON e.seq = o.event WHERE e.seq IS NULL`},
	{"serial-counter", `SELECT c.station FROM certificates c LEFT JOIN stations s ON s.code = c.station
		GROUP BY c.station HAVING max(c.serial_n) >= coalesce(max(s.next_serial), 0)`},
	{"status-code", `SELECT identifier FROM certificates WHERE length(status) <> 2 OR status GLOB '*[^0-9]*'`},
	{"review-event", `SELECT r.id FROM reviews r LEFT JOIN events e ON e.seq = r.open_event WHERE e.stem IS NOT r.stem`},
	{"event-time", `SELECT seq FROM events WHERE at NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'`},
}

// Check runs SQLite's integrity and foreign-key checks and the ledger's own
// consistency rules, and returns what breaks them (nil for a sound ledger).
func (l *Ledger) Check(ctx context.Context) ([]Problem, error) {
	var out []Problem
	for _, q := range []struct{ rule, query string }{
		{"sqlite-integrity", "PRAGMA integrity_check"},
		{"foreign-key", "SELECT \"table\" || ' row ' || coalesce(rowid, '?') || ' → ' || parent FROM pragma_foreign_key_check"},
	} {
		ps, err := l.problems(ctx, q.rule, q.query)
		if err != nil {
			return nil, err
		}
		if len(ps) == 1 && ps[0].Subject == "ok" {
			continue
		}
		out = append(out, ps...)
	}
	for _, c := range consistency {
		ps, err := l.problems(ctx, c.rule, c.query)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

// maxProblems bounds what one rule reports.
const maxProblems = 1000

func (l *Ledger) problems(ctx context.Context, rule, query string) ([]Problem, error) {
	rs, err := l.db.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", rule, err)
	}
	defer rs.Close()
	var out []Problem
	for rs.Next() && len(out) < maxProblems {
		var s string
		if err := rs.Scan(&s); err != nil {
			return nil, fmt.Errorf("check %s: %w", rule, err)
		}
		out = append(out, Problem{Rule: rule, Subject: s})
	}
	return out, rs.Err()
}

// RecordedFile is a PDF a version records.
type RecordedFile struct {
	Identifier string
	Path       string
	SM3        string // hex
	Record     []byte // the signed record of the version
}

// EachFile calls fn for every version that records a PDF, by identifier,
// with the SM3 of its last repair if it was re-created (RecordRepair).
func (l *Ledger) EachFile(ctx context.Context, fn func(RecordedFile) error) error {
	rs, err := l.db.QueryContext(ctx, `SELECT v.identifier, v.pdf_path, `+currentSM3+`, v.record
		FROM versions v WHERE v.pdf_path <> '' ORDER BY v.identifier`)
	if err != nil {
		return fmt.Errorf("read recorded files: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var f RecordedFile
		if err := rs.Scan(&f.Identifier, &f.Path, &f.SM3, &f.Record); err != nil {
			return err
		}
		f.Path = l.loadPath(f.Path)
		if err := fn(f); err != nil {
			return err
		}
	}
	return rs.Err()
}

// Backup writes a consistent copy of the ledger to dest (which must not
// exist) while other processes go on using it: VACUUM INTO reads one snapshot.
func (l *Ledger) Backup(ctx context.Context, dest string) error {
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("back up the ledger: %s exists", dest)
	}
	if _, err := l.db.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return fmt.Errorf("back up the ledger to %s: %w", dest, err)
	}
	return nil
}

// KindFileRepair is the event of a PDF re-created by ezz check --repair.
const KindFileRepair = "file-repair"

// currentSM3 is the SM3 a version's PDF must have (the SQL expression, over
// versions v): the one of its last repair, else the one recorded at issuance.
const currentSM3 = `coalesce((SELECT json_extract(e.detail, '$.pdf_sm3') FROM events e
	WHERE e.stem <> '' AND e.stem = v.stem AND e.identifier = v.identifier AND e.kind = '` + KindFileRepair + `'
	ORDER BY e.seq DESC LIMIT 1), v.pdf_sm3)`

// RecordRepair records that the PDF of a version was re-created at path
// with the given SM3; from then on that SM3 is the one the file must have.
func (l *Ledger) RecordRepair(ctx context.Context, identifier, path, sm3 string, identical bool, actor, station string, at time.Time) error {
	_, err := l.Append(ctx, Event{At: at, Actor: actor, Station: station, Kind: KindFileRepair, Identifier: identifier,
		Detail: jsonDetail(map[string]any{"path": path, "pdf_sm3": sm3, "identical": identical})})
	return err
}

// LastEventSeq is the sequence number of the newest event, 0 when there is none.
func (l *Ledger) LastEventSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := l.db.QueryRowContext(ctx, "SELECT ifnull(max(seq), 0) FROM events").Scan(&seq); err != nil {
		return 0, fmt.Errorf("read the last event: %w", err)
	}
	return seq, nil
}

// RepairedSince reports whether a PDF was repaired by an event after seq:
// until then every version's current SM3 is the one recorded at issuance.
func (l *Ledger) RepairedSince(ctx context.Context, seq int64) (bool, error) {
	var found bool
	err := l.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM events WHERE seq > ? AND kind = ?)", seq, KindFileRepair).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("look for repaired files: %w", err)
	}
	return found, nil
}
