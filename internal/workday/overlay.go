package workday

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"ezz/internal/input"
	"ezz/internal/text"
)

// maxNoticeFile bounds a notice file read from disk.
const maxNoticeFile = 1 << 20

// ReadNotice reads a notice file: holiday-cn JSON (starting with "{") or the
// small YAML format. Only a regular file of at most 1 MiB is read.
func ReadNotice(path string) (*Notice, error) {
	data, err := readSmall(path, maxNoticeFile)
	if err != nil {
		return nil, err
	}
	var n *Notice
	if t := strings.TrimSpace(strings.TrimPrefix(string(data), "\ufeff")); strings.HasPrefix(t, "{") {
		n, err = ParseHolidayCN([]byte(t))
	} else {
		n, err = ParseYAML(data)
	}
	if err != nil {
		w := text.Wrap(err, "日历文件 %s", "calendar file %s", path)
		w.Hint = text.HintOf(err)
		return nil, w
	}
	if n.Source == "" {
		n.Source = filepath.Base(path)
	}
	return n, nil
}

// readSmall reads a regular file of at most limit bytes (input.Read).
func readSmall(path string, limit int64) ([]byte, error) {
	data, err := input.Read(path, limit)
	if err != nil && !errors.As(err, new(*text.Error)) { // an *fs.PathError
		return nil, text.Wrap(err, "读取 %s 失败", "read %s", path)
	}
	return data, err
}

// With returns a copy of c in which the notice replaces whatever c knew of
// that year (the days its own notice listed, wherever they fall).
func (c *Calendar) With(n *Notice, source string) *Calendar {
	out := newCalendar()
	for y := range c.years {
		out.years[y], out.source[y] = true, c.source[y]
	}
	for d, w := range c.days {
		if c.notice[d] != n.Year {
			out.days[d], out.names[d], out.notice[d] = w, c.names[d], c.notice[d]
		}
	}
	out.years[n.Year], out.source[n.Year] = true, source
	for _, d := range n.Days {
		out.days[d.Date], out.names[d.Date], out.notice[d.Date] = !d.Off, d.Name, n.Year
	}
	return out
}

// Load is the calendar of a workspace: the embedded table, with each year
// imported into dir (one YEAR.txt per year, written by Save) replacing it.
func Load(dir string) (*Calendar, error) {
	c := Official()
	names, err := filepath.Glob(filepath.Join(dir, "[0-9][0-9][0-9][0-9].txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		data, err := readSmall(name, maxNoticeFile)
		if err != nil {
			return nil, err
		}
		imported, err := Parse(string(data))
		if err != nil {
			return nil, text.Wrap(err, "工作区日历 %s 有误", "workspace calendar %s", name)
		}
		for _, n := range imported.notices() {
			c = c.With(n, "workspace: "+n.Source)
		}
	}
	return c, nil
}

// notices splits a parsed table back into its notices.
func (c *Calendar) notices() []*Notice {
	by := map[int]*Notice{}
	for y := range c.years {
		by[y] = &Notice{Year: y, Source: c.source[y]}
	}
	for d, w := range c.days {
		if n := by[c.notice[d]]; n != nil {
			n.Days = append(n.Days, Day{Date: d, Off: !w, Name: c.names[d]})
		}
	}
	var out []*Notice
	for _, n := range by {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}

// Save writes the notice into dir as YEAR.txt, durably (a temporary file,
// fsync, rename, fsync of the directory), replacing an earlier import of the
// year. It returns the path.
func Save(dir string, n *Notice) (string, error) {
	if err := n.Validate(); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("%04d.txt", n.Year))
	return path, writeDurable(path, []byte(n.Text()))
}

func writeDurable(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return err
	}
	return nil
}
