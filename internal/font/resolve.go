package font

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// SystemDirs lists the usual font directories of a Unix system, searched
// recursively: /usr/share/fonts, /usr/local/share/fonts, ~/.local/share/fonts, ~/.fonts.
func SystemDirs() []string {
	dirs := []string{"/usr/share/fonts", "/usr/local/share/fonts"}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".local/share/fonts"), filepath.Join(home, ".fonts"))
	}
	return dirs
}

// NotFoundError says a font of the chain is in none of the directories searched.
type NotFoundError struct {
	Name string
	Dirs []string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("font %q not found in %s", e.Name, strings.Join(e.Dirs, ", "))
}

// Hint says what to do.
func (e *NotFoundError) Hint() string {
	return "install the font (scripts/install-deps.sh installs fonts-wqy-microhei, fonts-hanazono, fonts-dejavu-core) or pass --font-dir DIR"
}

// Resolve finds and loads each named font and returns them as a fallback
// chain: Fonts.Resolve of a new Fonts.
func Resolve(names, dirs []string) (*Chain, error) { return NewFonts().Resolve(names, dirs) }

// Resolve finds and loads each named font and returns them as a fallback chain.
// A name is a file name (wqy-microhei.ttc, HanaMinA.ttf) or a path; "name.ttc#1"
// picks subfont 1 of a collection. Names are looked up in dirs in order, each
// searched recursively; an absolute path is used as is.
func (s *Fonts) Resolve(names, dirs []string) (*Chain, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("no fonts named")
	}
	c := &Chain{names: names}
	for _, name := range names {
		path, index, err := s.Find(name, dirs)
		if err != nil {
			return nil, err
		}
		f, err := s.Load(path, index)
		if err != nil {
			return nil, err
		}
		c.fonts = append(c.fonts, f)
	}
	return c, nil
}

// Find returns the file a font name resolves to in dirs (as Resolve looks it
// up) and the subfont index the name picks. A Fonts answers a name and dirs
// the same way each time it is asked (the hash sums the file the face
// draws), and looks at the directories anew: a font file added since the
// last task is found.
func (s *Fonts) Find(name string, dirs []string) (path string, index int, err error) {
	if s == nil {
		s = NewFonts()
	}
	v, _ := s.found.LoadOrStore(name+"\x00"+strings.Join(dirs, "\x00"), &found{})
	fd := v.(*found)
	fd.once.Do(func() { fd.path, fd.index, fd.err = s.look(name, dirs) })
	return fd.path, fd.index, fd.err
}

// found is what Find answered for a name and dirs.
type found struct {
	once  sync.Once
	path  string
	index int
	err   error
}

func (s *Fonts) look(name string, dirs []string) (string, int, error) {
	file, index, err := splitIndex(name)
	if err != nil {
		return "", 0, err
	}
	path := s.find(file, dirs)
	if path == "" {
		return "", 0, &NotFoundError{Name: file, Dirs: dirs}
	}
	return path, index, nil
}

func splitIndex(name string) (string, int, error) {
	i := strings.LastIndexByte(name, '#')
	if i < 0 {
		return name, 0, nil
	}
	n, err := strconv.Atoi(name[i+1:])
	if err != nil || n < 0 {
		return "", 0, fmt.Errorf("font %q: the part after # must be a subfont number", name)
	}
	return name[:i], n, nil
}

func (s *Fonts) find(name string, dirs []string) string {
	if filepath.IsAbs(name) {
		if _, err := os.Stat(name); err == nil {
			return name
		}
		return ""
	}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		p := filepath.Join(d, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		if strings.ContainsRune(name, filepath.Separator) {
			continue
		}
		if p := s.indexDir(d)[name]; p != "" {
			return p
		}
	}
	return ""
}

// indexDir lists the font files under dir once per Fonts (first found wins).
func (s *Fonts) indexDir(dir string) map[string]string {
	if v, ok := s.dirs.Load(dir); ok {
		return v.(map[string]string)
	}
	m := map[string]string{}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(filepath.Ext(p))
		if ext == ".ttf" || ext == ".ttc" || ext == ".otf" || ext == ".otc" {
			if _, dup := m[d.Name()]; !dup {
				m[d.Name()] = p
			}
		}
		return nil
	})
	v, _ := s.dirs.LoadOrStore(dir, m)
	return v.(map[string]string)
}
