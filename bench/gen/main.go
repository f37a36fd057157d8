// Command gen writes a deterministic synthetic Dateline site for benchmarks:
//
//	go run ./bench/gen -events 1000 -out DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dateline-ssg/dateline/bench/sitegen"
)

func main() {
	events := flag.Int("events", 1000, "number of events")
	out := flag.String("out", "", "folder to write the site into (required)")
	flag.Parse()
	if *out == "" || *events < 0 {
		fmt.Fprintln(os.Stderr, "usage: gen -events N -out DIR")
		os.Exit(2)
	}
	if err := sitegen.Write(*out, *events); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
