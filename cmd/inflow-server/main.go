// Command inflow-server is the Inflow sync server: it keeps every user's
// event log and the catalog of published content, on embedded badger
// (`--data DIR`, nothing else to set up) or PostgreSQL (`--postgres DSN`,
// for several stateless replicas on one database).
//
//	inflow-server serve --addr :8443 --data /var/lib/inflow [--tls-cert C --tls-key K]
//	inflow-server user add NAME --role learner|author|admin [--password-stdin]
//	inflow-server user list | disable NAME | passwd NAME
//	inflow-server device list [--user NAME] | revoke ID
//	inflow-server publish PATH --as NAME [--id ID --version V]   (a course, or micro content)
//	inflow-server unpublish ID --as NAME [--course]
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/inflow-learning/inflow/internal/inflow"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRoot(os.Stdin, os.Stdout, os.Stderr).ExecuteContext(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "inflow-server:", inflow.ErrorMessage(err))
		os.Exit(1)
	}
}
