package main

import (
	"fmt"
	"io"
)

// runVersion prints which dateline this is.
func runVersion(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		if isHelpFlag(args[0]) {
			return &helpRequest{topic: "version"}
		}
		return usageFor("version", "unexpected argument %q", args[0])
	}
	fmt.Fprintln(stdout, currentVersion())
	return nil
}
