package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/profile"
	"github.com/inflow-learning/inflow/internal/secret"
	"github.com/inflow-learning/inflow/internal/syncclient"
)

// syncFor builds the sync client of an open profile and its token store.
func syncFor(p *profile.Profile, env Env) (*syncclient.Client, secret.Store) {
	secrets := secret.New(p.Dir, secret.Options{Service: "inflow", DisableKeyring: os.Getenv("INFLOW_NO_KEYRING") != ""})
	c := syncclient.New(syncclient.Config{
		Token:   syncclient.TokenFrom(secrets),
		Store:   syncclient.Local(p.Store, p.RecordPulled),
		Device:  p.Library.Device(),
		Clock:   env.Clock,
		Catalog: p.Library,
	})
	return c, secrets
}

func newLoginCmd(env Env, g *globals) *cobra.Command {
	var server, user string
	var fromStdin bool
	cmd := &cobra.Command{
		Use:   "login --server URL --user NAME",
		Short: "Sign this device in to an Inflow server (the token goes to the OS keyring, else a 0600 file)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if server == "" || user == "" {
				return inflow.Errorf(inflow.EINVALID, "give --server URL and --user NAME")
			}
			pw, err := password(env, fromStdin)
			if err != nil {
				return err
			}
			p, err := g.open(cmd.Context(), env)
			if err != nil {
				return err
			}
			defer p.Close()
			c, secrets := syncFor(p, env)
			host, _ := os.Hostname()
			resp, err := c.SignIn(cmd.Context(), server, user, pw, "", fmt.Sprintf("%s (%s)", host, runtime.GOOS))
			if err != nil {
				return err
			}
			if err := secrets.Set(syncclient.TokenKey, resp.Token); err != nil {
				return fmt.Errorf("keep the token: %w", err)
			}
			fmt.Fprintf(env.Stdout, "Signed in to %s as %s (%s); the token is in the %s.\n", server, resp.User, resp.Role, secrets.Backend())
			return nil
		},
	}
	cmd.Flags().StringVar(&server, "server", "", "server URL, e.g. https://inflow.example.org")
	cmd.Flags().StringVar(&user, "user", "", "user name")
	cmd.Flags().BoolVar(&fromStdin, "password-stdin", false, "read the password from stdin")
	return cmd
}

// password reads it from stdin, or from the terminal without echo.
func password(env Env, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", inflow.Errorf(inflow.EINVALID, "no terminal to ask for the password: use --password-stdin")
	}
	fmt.Fprint(env.Stderr, "Password: ")
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(env.Stderr)
	return string(b), err
}

func newLogoutCmd(env Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Sign this device out (the server revokes its token; local data stays)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := g.open(cmd.Context(), env)
			if err != nil {
				return err
			}
			defer p.Close()
			c, secrets := syncFor(p, env)
			if err := c.SignOut(cmd.Context()); err != nil {
				fmt.Fprintf(env.Stderr, "inflow: the server could not be told (%s); the token is forgotten here anyway\n", inflow.ErrorMessage(err))
			}
			if err := secrets.Delete(syncclient.TokenKey); err != nil && !errors.Is(err, secret.ErrNotFound) {
				return err
			}
			fmt.Fprintln(env.Stdout, "Signed out.")
			return nil
		},
	}
}

func newSyncCmd(env Env, g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Sync once with the server: push this device's events, pull the others' and the published catalog",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := g.open(cmd.Context(), env)
			if err != nil {
				return err
			}
			defer p.Close()
			c, _ := syncFor(p, env)
			res, err := c.SyncOnce(cmd.Context())
			st := c.Status(cmd.Context())
			if asJSON {
				printJSON(env.Stdout, map[string]any{"result": res, "status": st, "error": errString(err)})
				return err
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "Synced with %s as %s: %d pushed, %d pulled, %d already there, %d refused; %d catalog change(s), %d not applied; %d pending.\n",
				st.Server, st.User, res.Pushed, res.Pulled, res.Duplicates, len(res.Rejected), res.Catalog, len(res.CatalogRejected), st.Pending)
			for _, r := range res.Rejected {
				fmt.Fprintf(env.Stderr, "inflow: event %s refused: %s\n", r.ID, r.Message)
			}
			for _, r := range res.CatalogRejected {
				fmt.Fprintf(env.Stderr, "inflow: catalog pack %s not applied (the copy here is kept): %s\n", r.ID, r.Message)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result and status as JSON")
	return cmd
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return inflow.ErrorMessage(err)
}
