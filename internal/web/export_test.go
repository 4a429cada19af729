package web

// SessionCSRF returns the CSRF token of the console's one session.
func SessionCSRF(c *Console) (string, bool) {
	c.sessions.mu.Lock()
	defer c.sessions.mu.Unlock()
	for _, s := range c.sessions.active {
		return s.csrf, true
	}
	return "", false
}
