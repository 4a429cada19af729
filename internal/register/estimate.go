package register

// EstimatedRows is how many data rows the mapped sheets hold, from what the
// file records of each sheet's size (cheap on a large register), or 0 when
// it does not say. It is meant for progress and ETA, not for accounting.
func (r *Register) EstimatedRows() int {
	total := 0
	for _, s := range r.sheets {
		if last := r.book.EstimatedRows(s.Name); last > s.HeaderRow {
			total += last - s.HeaderRow
		}
	}
	return total
}
