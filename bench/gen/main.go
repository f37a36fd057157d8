// Command gen writes a deterministic synthetic Dateline site for benchmarks.
//
//	go run ./bench/gen -events 100000 [-articles 50000] [-timelines 5] -out DIR
//	go run ./bench/gen -plain -events 1000 -out DIR
//
// By default it writes the realistic site of sitegen.Generate, with
// events/2 articles unless -articles says otherwise; -plain writes the
// small site of sitegen.Write that the serve benchmarks use. DIR should be
// empty or absent.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/dateline-ssg/dateline/bench/sitegen"
)

func main() {
	events := flag.Int("events", 1000, "number of events")
	articles := flag.Int("articles", -1, "number of articles (default events/2)")
	timelines := flag.Int("timelines", len(sitegen.Timelines), "number of timelines")
	plain := flag.Bool("plain", false, "write sitegen.Write's plain site: events only, one short file each")
	out := flag.String("out", "", "folder to write the site into (required)")
	flag.Parse()
	if *out == "" || *events < 0 || *timelines < 1 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gen [-plain] -events N [-articles N] [-timelines N] -out DIR")
		os.Exit(2)
	}
	start := time.Now()
	var err error
	if *plain {
		err = sitegen.Write(*out, *events)
	} else {
		spec := sitegen.NewSpec(*events)
		spec.Timelines = *timelines
		if *articles >= 0 {
			spec.Articles = *articles
		}
		err = sitegen.Generate(*out, spec)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "wrote %s in %.1f s\n", *out, time.Since(start).Seconds())
}
