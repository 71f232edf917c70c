package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/inflow-learning/inflow/internal/coursepkg"
	"github.com/inflow-learning/inflow/internal/importer"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/api"
	"github.com/inflow-learning/inflow/internal/server/auth"
	serverbadger "github.com/inflow-learning/inflow/internal/server/badgerstore"
	"github.com/inflow-learning/inflow/internal/server/pgstore"
	"github.com/inflow-learning/inflow/internal/server/publish"
	"github.com/inflow-learning/inflow/internal/server/store"
)

type globals struct {
	data, postgres string
}

func (g *globals) open(ctx context.Context) (store.Store, error) {
	if g.postgres != "" {
		return pgstore.Open(ctx, g.postgres)
	}
	if g.data == "" {
		return nil, inflow.Errorf(inflow.EINVALID, "give --data DIR (embedded store) or --postgres DSN")
	}
	return serverbadger.Open(g.data, serverbadger.Options{})
}

func newRoot(in io.Reader, out, errw io.Writer) *cobra.Command {
	g := &globals{}
	root := &cobra.Command{Use: "inflow-server", Short: "The Inflow sync server", SilenceUsage: true, SilenceErrors: true}
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errw)
	root.PersistentFlags().StringVar(&g.data, "data", os.Getenv("INFLOW_SERVER_DATA"), "directory of the embedded store ($INFLOW_SERVER_DATA)")
	root.PersistentFlags().StringVar(&g.postgres, "postgres", os.Getenv("INFLOW_SERVER_POSTGRES"), "PostgreSQL DSN instead of --data ($INFLOW_SERVER_POSTGRES)")
	root.AddCommand(newServe(g, errw), newUser(g, in, out), newDevice(g, out), newPublish(g, out), newUnpublish(g, out))
	return root
}

func newServe(g *globals, errw io.Writer) *cobra.Command {
	var addr, cert, key string
	var grace time.Duration
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the API (TLS with --tls-cert/--tls-key, or plain HTTP behind a reverse proxy)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			log := slog.New(slog.NewJSONHandler(errw, nil))
			st, err := g.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			srv := &http.Server{
				Addr:              addr,
				Handler:           api.New(api.Config{Store: st, Loader: loadPack, Logger: log}).Handler(),
				ReadHeaderTimeout: 10 * time.Second,
				ReadTimeout:       2 * time.Minute,
				WriteTimeout:      2 * time.Minute,
				IdleTimeout:       2 * time.Minute,
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return err
			}
			log.Info("serving", "addr", ln.Addr().String(), "tls", cert != "", "backend", backendName(g))
			errc := make(chan error, 1)
			go func() {
				if cert != "" {
					errc <- srv.ServeTLS(ln, cert, key)
				} else {
					errc <- srv.Serve(ln)
				}
			}()
			select {
			case err := <-errc:
				return err
			case <-ctx.Done():
			}
			// Finish the requests in flight, then stop.
			log.Info("shutting down", "grace", grace.String())
			sctx, cancel := context.WithTimeout(context.Background(), grace)
			defer cancel()
			if err := srv.Shutdown(sctx); err != nil {
				return err
			}
			if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			log.Info("stopped")
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&cert, "tls-cert", "", "TLS certificate file (PEM)")
	cmd.Flags().StringVar(&key, "tls-key", "", "TLS key file (PEM)")
	cmd.Flags().DurationVar(&grace, "shutdown-grace", 30*time.Second, "how long requests in flight may finish at shutdown")
	return cmd
}

func backendName(g *globals) string {
	if g.postgres != "" {
		return "postgres"
	}
	return "badger"
}

// loadPack reads a pack with the app's own importer.
func loadPack(ctx context.Context, path string) ([]*inflow.Pack, error) {
	return importer.Load(ctx, path, importer.Options{Now: time.Now})
}

// readPassword reads a password: from stdin with --password-stdin, else
// twice from the terminal without echo.
func readPassword(in io.Reader, out io.Writer, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(in).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := in.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", inflow.Errorf(inflow.EINVALID, "no terminal to ask for the password: use --password-stdin")
	}
	fmt.Fprint(out, "Password: ")
	a, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(out)
	if err != nil {
		return "", err
	}
	fmt.Fprint(out, "Again: ")
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(out)
	if err != nil {
		return "", err
	}
	if string(a) != string(b) {
		return "", inflow.Errorf(inflow.EINVALID, "the passwords differ")
	}
	return string(a), nil
}

func newUser(g *globals, in io.Reader, out io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Manage accounts"}
	var role string
	var stdin bool
	add := &cobra.Command{
		Use: "add NAME", Short: "Add an account", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pw, err := readPassword(in, out, stdin)
			if err != nil {
				return err
			}
			hash, err := auth.HashPassword(pw)
			if err != nil {
				return inflow.Errorf(inflow.EINVALID, "%v", err)
			}
			st, err := g.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			u, err := st.CreateUser(cmd.Context(), store.User{ID: uuid.Must(uuid.NewV7()).String(), Name: args[0], Role: role, PasswordHash: hash, Created: time.Now()})
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "added %s (%s)\n", u.Name, u.Role)
			return nil
		},
	}
	add.Flags().StringVar(&role, "role", store.RoleLearner, "learner, author or admin")
	add.Flags().BoolVar(&stdin, "password-stdin", false, "read the password from stdin")
	list := &cobra.Command{
		Use: "list", Short: "List accounts", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := g.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			us, err := st.Users(cmd.Context())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tROLE\tSTATE\tCREATED")
			for _, u := range us {
				state := "active"
				if u.Disabled {
					state = "disabled"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Name, u.Role, state, u.Created.Format(time.DateOnly))
			}
			return tw.Flush()
		},
	}
	var enable bool
	disable := &cobra.Command{
		Use: "disable NAME", Short: "Disable an account (its devices are refused at once)", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.updateUser(cmd.Context(), args[0], func(u *store.User) error { u.Disabled = !enable; return nil })
		},
	}
	disable.Flags().BoolVar(&enable, "enable", false, "enable it again instead")
	var pstdin bool
	passwd := &cobra.Command{
		Use: "passwd NAME", Short: "Set an account's password", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pw, err := readPassword(in, out, pstdin)
			if err != nil {
				return err
			}
			hash, err := auth.HashPassword(pw)
			if err != nil {
				return inflow.Errorf(inflow.EINVALID, "%v", err)
			}
			return g.updateUser(cmd.Context(), args[0], func(u *store.User) error { u.PasswordHash = hash; return nil })
		},
	}
	passwd.Flags().BoolVar(&pstdin, "password-stdin", false, "read the password from stdin")
	cmd.AddCommand(add, list, disable, passwd)
	return cmd
}

func (g *globals) updateUser(ctx context.Context, name string, f func(*store.User) error) error {
	st, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByName(ctx, name)
	if err != nil {
		return err
	}
	if err := f(&u); err != nil {
		return err
	}
	return st.UpdateUser(ctx, u)
}

func newDevice(g *globals, out io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "device", Short: "List and revoke device sign-ins"}
	var user string
	list := &cobra.Command{
		Use: "list", Short: "List device tokens", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := g.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			uid := ""
			names := map[string]string{}
			us, err := st.Users(cmd.Context())
			if err != nil {
				return err
			}
			for _, u := range us {
				names[u.ID] = u.Name
				if strings.EqualFold(u.Name, user) {
					uid = u.ID
				}
			}
			if user != "" && uid == "" {
				return inflow.Errorf(inflow.ENOTFOUND, "no user %q", user)
			}
			ts, err := st.Tokens(cmd.Context(), uid)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tUSER\tDEVICE\tSIGNED IN\tLAST USED\tSTATE")
			for _, t := range ts {
				state := "active"
				if t.Revoked {
					state = "revoked"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, names[t.UserID], t.DeviceName, t.Created.Format(time.DateTime), t.LastUsed.Format(time.DateTime), state)
			}
			return tw.Flush()
		},
	}
	list.Flags().StringVar(&user, "user", "", "only this user's devices")
	revoke := &cobra.Command{
		Use: "revoke ID", Short: "Sign a device out", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := g.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.RevokeToken(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintf(out, "revoked %s\n", args[0])
			return nil
		},
	}
	cmd.AddCommand(list, revoke)
	return cmd
}

func newPublish(g *globals, out io.Writer) *cobra.Command {
	var as string
	var opts coursepkg.Options
	cmd := &cobra.Command{
		Use:   "publish PATH",
		Short: "Publish a course (a folder or zip with course.json/course.yaml, or an mdBook) or micro content (the formats of inflow import) to every client",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := g.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			u, err := publisher(ctx, st, as)
			if err != nil {
				return err
			}
			if coursepkg.IsCourse(args[0]) {
				return publishCourse(ctx, st, u, args[0], opts, out)
			}
			if opts.ID != "" || opts.Version != "" {
				return inflow.Errorf(inflow.EINVALID, "%s is not a course: --id and --version are for courses", args[0])
			}
			packs, err := loadPack(ctx, args[0])
			if err != nil {
				return err
			}
			for _, p := range packs {
				res, err := st.PutPack(ctx, p, u.Name)
				if err != nil {
					return err
				}
				fmt.Fprintf(out, "%s: %d added, %d updated, %d unchanged, %d removed\n", res.PackID, len(res.Added), len(res.Updated), res.Unchanged, len(res.Removed))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&as, "as", "", "the author or admin publishing it")
	cmd.Flags().StringVar(&opts.ID, "id", "", "course id of an mdBook (default: its title, slugged)")
	cmd.Flags().StringVar(&opts.Version, "version", "", "course version of an mdBook (default: a digest of its content)")
	cmd.MarkFlagRequired("as")
	return cmd
}

// publisher finds the account a command publishes as; only authors and
// admins publish.
func publisher(ctx context.Context, st store.Store, name string) (store.User, error) {
	u, err := st.UserByName(ctx, name)
	if err != nil {
		return store.User{}, inflow.Errorf(inflow.EINVALID, "--as %q: %v", name, inflow.ErrorMessage(err))
	}
	if u.Role != store.RoleAuthor && u.Role != store.RoleAdmin {
		return store.User{}, inflow.Errorf(inflow.EINVALID, "%s is a %s; only authors and admins publish", u.Name, u.Role)
	}
	return u, nil
}

// publishCourse reads a course package and publishes it, storing only
// the files the server does not have yet.
func publishCourse(ctx context.Context, st store.Store, u store.User, path string, o coursepkg.Options, out io.Writer) error {
	pkg, err := coursepkg.Load(ctx, path, o)
	if err != nil {
		return err
	}
	defer pkg.Close()
	res, err := publish.Course(ctx, st, pkg, u)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: version %s published, %d files uploaded, %d already there\n", res.Course.ID, res.Course.Version, res.Uploaded, res.Present)
	return nil
}

func newUnpublish(g *globals, out io.Writer) *cobra.Command {
	var as string
	var isCourse bool
	cmd := &cobra.Command{
		Use:   "unpublish ID",
		Short: "Withdraw a published pack (every client removes its items at its next sync), or with --course a course",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := g.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			u, err := publisher(ctx, st, as)
			if err != nil {
				return err
			}
			if isCourse {
				err = publish.Remove(ctx, st, args[0], u)
			} else {
				err = st.RemovePack(ctx, args[0], u.Name)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "%s: unpublished\n", args[0])
			return nil
		},
	}
	cmd.Flags().StringVar(&as, "as", "", "the author or admin withdrawing it")
	cmd.Flags().BoolVar(&isCourse, "course", false, "ID is a course, not a pack")
	cmd.MarkFlagRequired("as")
	return cmd
}
