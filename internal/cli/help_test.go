package cli

import (
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// helpFlag is a flag named in help text: --name.
var helpFlag = regexp.MustCompile(`(?:^|[\s\[(|,/])--([a-z][a-z0-9-]*)`)

// TestHelpNamesRealFlags checks that every --flag a command's usage line,
// short or long help names is a flag of that command (its own, inherited or
// global), so that ezz help does not send anyone to a flag that is not there.
func TestHelpNamesRealFlags(t *testing.T) {
	root := newRootCmd(&globals{})
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		for _, text := range []string{c.Use, c.Short, c.Long} {
			for _, m := range helpFlag.FindAllStringSubmatch(text, -1) {
				name := m[1]
				if name == "help" || c.Flags().Lookup(name) != nil || c.InheritedFlags().Lookup(name) != nil {
					continue
				}
				if !mentionsOtherCommand(root, c, name, text) {
					t.Errorf("%s: its help names --%s, which it does not take", c.CommandPath(), name)
				}
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// mentionsOtherCommand reports whether --name is a flag of another command
// that c's help names (ezz push --retry-rejected in outbox's help).
func mentionsOtherCommand(root, c *cobra.Command, name, help string) bool {
	found := false
	var walk func(*cobra.Command)
	walk = func(x *cobra.Command) {
		if x != c && x.Flags().Lookup(name) != nil && strings.Contains(help, x.CommandPath()) {
			found = true
		}
		for _, sub := range x.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return found
}
