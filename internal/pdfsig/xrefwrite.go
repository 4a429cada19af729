package pdfsig

import (
	"maps"
	"slices"
)

// xref writes the cross-reference section of the update, in the same form
// (table or stream) as the section it follows, then the trailer and %%EOF.
func (u *update) xref(w *writer, info any) {
	t := Dict{"Root": u.root, "Prev": u.d.startx}
	if info != nil {
		t["Info"] = info
	}
	id := u.newID()
	if old, ok := u.d.trailer()["ID"].(Array); ok && len(old) == 2 {
		if first, ok := old[0].(String); ok {
			t["ID"] = Array{first, id}
		}
	}
	if t["ID"] == nil {
		t["ID"] = Array{id, id}
	}
	if u.d.sections[0].stream {
		u.xrefStream(w, t)
		return
	}
	nums := slices.Sorted(maps.Keys(w.offs))
	t["Size"] = max(u.next, nums[len(nums)-1]+1)
	start := len(w.b)
	w.str("xref\n")
	for i := 0; i < len(nums); {
		j := i + 1
		for j < len(nums) && nums[j] == nums[j-1]+1 {
			j++
		}
		w.int(nums[i]).str(" ").int(j - i).str("\n")
		for _, n := range nums[i:j] {
			w.padded(w.offs[n], 10).str(" ").padded(w.gens[n], 5).str(" n\r\n")
		}
		i = j
	}
	w.str("trailer\n").value(t).str("\nstartxref\n").int(start).str("\n%%EOF\n")
}

// xrefStream writes a cross-reference stream (for files that use them).
func (u *update) xrefStream(w *writer, t Dict) {
	self := u.next
	u.next++
	start := len(w.b)
	w.offs[self] = start
	nums := slices.Sorted(maps.Keys(w.offs))
	var index Array
	var data []byte
	for i := 0; i < len(nums); {
		j := i + 1
		for j < len(nums) && nums[j] == nums[j-1]+1 {
			j++
		}
		index = append(index, nums[i], j-i)
		for _, n := range nums[i:j] {
			off, gen := w.offs[n], w.gens[n]
			data = append(data, 1, byte(off>>24), byte(off>>16), byte(off>>8), byte(off), byte(gen>>8), byte(gen))
		}
		i = j
	}
	t["Type"] = Name("XRef")
	t["Size"] = u.next
	t["Index"] = index
	t["W"] = Array{1, 4, 2}
	w.stream(Ref{self, 0}, t, data)
	w.str("startxref\n").int(start).str("\n%%EOF\n")
}
