// Command ferretdb runs FerretDB v1.24.2 embedded, on the local PostgreSQL.
//
// `go install` of upstream's own cmd/ferretdb panics at start (its version file is
// generated at release time), so the project builds this small wrapper instead:
// as the main module, the embedded package does not need that file.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/build/version"
	"github.com/FerretDB/FerretDB/ferretdb"
)

// ferretdbVersion is the module version go.mod pins. Upstream stamps it from a file made at
// release time, which a module build lacks; without it buildInfo would say "unknown".
const ferretdbVersion = "v1.24.2"

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free port)")
	pgURL := flag.String("postgresql-url", "postgres://postgres@127.0.0.1:5432/ferretdb", "PostgreSQL connection string")
	uriFile := flag.String("uri-file", "", "write the MongoDB URI to this file once listening")
	flag.Parse()

	version.Get().Version = ferretdbVersion

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Logger:        logger,
		Handler:       "postgresql",
		PostgreSQLURL: *pgURL,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}

	uri := f.MongoDBURI()
	if *uriFile != "" {
		// Written to a temporary name and renamed, so a reader never sees half a URI.
		tmp := *uriFile + ".tmp"
		if err := os.WriteFile(tmp, []byte(uri+"\n"), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "ferretdb:", err)
			os.Exit(1)
		}
		if err := os.Rename(tmp, *uriFile); err != nil {
			fmt.Fprintln(os.Stderr, "ferretdb:", err)
			os.Exit(1)
		}
	}
	fmt.Println(uri)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := f.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}
