// Command ezz issues, converts, pushes and verifies electronic licences (电子证照).
package main

import (
	"context"
	"os"

	"ezz/internal/cli"
)

func main() {
	os.Exit(cli.Run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
