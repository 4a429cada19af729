package verify

import (
	"context"
	"fmt"
)

// Pending is a file's verification with every check done but the status
// look-up (Start); Finish completes it.
type Pending struct {
	f    *fileCheck
	done bool // the report is complete: nothing to look up
}

// ManySource is a StatusSource that also answers for many identifiers in one
// look-up, each as Status would.
type ManySource interface {
	StatusSource
	// Statuses returns one answer per identifier, in their order.
	Statuses(ctx context.Context, identifiers []string) ([]StatusResult, error)
}

// identifier is what p's status look-up asks about, or "" when it asks
// nothing (no status source, no verified record, the report complete).
func (p *Pending) identifier() string {
	if p.done || p.f.o.Status == nil || p.f.rec == nil {
		return ""
	}
	return p.f.rec.Identifier
}

// Finish completes pending verifications of one Options with their status
// look-ups — one for all of them when the source is a ManySource — and
// returns their reports in order.
func Finish(ctx context.Context, ps []*Pending) []*Report {
	var ids []string
	for _, p := range ps {
		if id := p.identifier(); id != "" {
			ids = append(ids, id)
		}
	}
	var answers []answer
	if len(ids) > 0 {
		answers = lookUpAll(ctx, ps[0].f.o.Status, ids)
	}
	reports := make([]*Report, len(ps))
	for i, p := range ps {
		reports[i] = p.f.r
		if p.done {
			continue
		}
		var a answer
		if p.identifier() != "" {
			a, answers = answers[0], answers[1:]
		}
		p.finish(a)
	}
	return reports
}

// answer is a status source's answer about one identifier.
type answer struct {
	res      StatusResult
	asked    bool
	err      error
	panicked any // what the source panicked with
}

// finish reports the status answer and the verdict.
func (p *Pending) finish(a answer) {
	f := p.f
	p.done = true
	step := CheckStatus
	defer guard(f.r, &step)
	if a.panicked != nil {
		panic(a.panicked) // as if the look-up had panicked inside this check
	}
	f.checkStatus(a.res, a.asked, a.err)
	f.r.finish(f.o.hasRoots())
}

// lookUpAll asks src about every identifier: at once when it is a
// ManySource (one error then answers for all), else one by one.
func lookUpAll(ctx context.Context, src StatusSource, ids []string) []answer {
	out := make([]answer, len(ids))
	many, ok := src.(ManySource)
	if !ok {
		for i, id := range ids {
			out[i] = lookUp(func() ([]StatusResult, error) {
				r, err := src.Status(ctx, id)
				return []StatusResult{r}, err
			}, 1)[0]
		}
		return out
	}
	return lookUp(func() ([]StatusResult, error) { return many.Statuses(ctx, ids) }, len(ids))
}

// lookUp runs one look-up that answers for n identifiers; its error, or a
// panic, is the answer for each.
func lookUp(ask func() ([]StatusResult, error), n int) (out []answer) {
	out = make([]answer, n)
	for i := range out {
		out[i].asked = true
	}
	defer func() {
		if p := recover(); p != nil {
			for i := range out {
				out[i].panicked = p
			}
		}
	}()
	res, err := ask()
	if err == nil && len(res) != n {
		err = fmt.Errorf("the status source answered %d of %d look-ups", len(res), n)
	}
	for i := range out {
		if err != nil {
			out[i].err = err
			continue
		}
		out[i].res = res[i]
	}
	return out
}
