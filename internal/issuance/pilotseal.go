package issuance

import (
	"os"
	"path/filepath"
	"sync"

	"ezz/internal/text"
)

// PilotSealer draws the pilot seal of an office (package stamp), with the
// face's fonts; render.Renderer is one.
type PilotSealer interface {
	PilotSeal(office string) ([]byte, error)
}

// pilotSeals are the seals a Maker drew or found, by office.
type pilotSeals struct {
	mu     sync.Mutex
	byName map[string]string
}

// pilotSeal returns the path of the pilot seal of office, drawing it into
// the workspace the first time: in a pilot workspace every office without a
// seal of its own bears one naming it (marked 试点样章), never another
// authority's. The drawing is deterministic, so two processes writing the
// same file write the same bytes; each writes a temporary file and renames it.
func (m *Maker) pilotSeal(office string) (string, error) {
	s, ok := m.c.Renderer.(PilotSealer)
	if !ok {
		return "", nil
	}
	m.pilot.mu.Lock()
	defer m.pilot.mu.Unlock()
	if p, ok := m.pilot.byName[office]; ok {
		return p, nil
	}
	path := m.c.Workspace.PilotSealPath(office)
	if _, err := os.Stat(path); err != nil {
		if err := drawSeal(s, office, path); err != nil {
			return "", text.Wrap(err, "无法为发证机关“%s”绘制试点印章", "draw the pilot seal of issuing office %q", office)
		}
	}
	if m.pilot.byName == nil {
		m.pilot.byName = map[string]string{}
	}
	m.pilot.byName[office] = path
	return path, nil
}

func drawSeal(s PilotSealer, office, path string) error {
	png, err := s.PilotSeal(office)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".seal-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(png); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
