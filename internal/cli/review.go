package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/profile"
	"github.com/inflow-learning/inflow/internal/review"
	"github.com/inflow-learning/inflow/internal/reviewimport"
)

type reviewFlags struct {
	due, asJSON    bool
	deck           string
	answer, rating string
	at             string
	importLog      string
	exportLog      string
	limit          int
}

func newReviewCmd(env Env, g *globals) *cobra.Command {
	var f reviewFlags
	cmd := &cobra.Command{
		Use:   "review",
		Short: "Review due cards in the terminal, or list, answer, import and export reviews",
		Long: `With no flags, runs a review session in the terminal: Enter shows the answer,
then 1 to 4 (again, hard, good, easy) answers, u undoes the last answer, q quits.

  inflow review --due [--json]                      list what is due now
  inflow review --answer CARD_ID --rating good      record one answer [--at RFC3339]
  inflow review --import-log FILE.csv               import an FSRS review log
  inflow review --export-log FILE.csv               export every answer

Review logs use the FSRS community CSV format:
card_id,review_rating,review_time,review_duration (rating 1 to 4, time ISO 8601,
duration in milliseconds).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			modes := 0
			for _, on := range []bool{f.due, f.answer != "", f.importLog != "", f.exportLog != ""} {
				if on {
					modes++
				}
			}
			if modes > 1 {
				return inflow.Errorf(inflow.EINVALID, "use only one of --due, --answer, --import-log and --export-log")
			}
			if f.answer == "" && (f.rating != "" || f.at != "") {
				return inflow.Errorf(inflow.EINVALID, "--rating and --at go with --answer CARD_ID")
			}
			p, err := g.open(ctx, env)
			if err != nil {
				return err
			}
			defer p.Close()
			switch {
			case f.due:
				return listDue(ctx, env, p.Reviews, f)
			case f.answer != "":
				return answerOne(ctx, env, p.Reviews, f)
			case f.importLog != "":
				return importLog(ctx, env, p, f)
			case f.exportLog != "":
				return exportLog(ctx, env, p, f)
			}
			return session(ctx, env, p.Reviews, f.deck)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.due, "due", false, "list the cards due now")
	fl.BoolVar(&f.asJSON, "json", false, "print JSON")
	fl.StringVar(&f.deck, "deck", "", "only this deck")
	fl.IntVar(&f.limit, "limit", 100, "with --due: list at most this many cards")
	fl.StringVar(&f.answer, "answer", "", "record an answer for this card id")
	fl.StringVar(&f.rating, "rating", "", "with --answer: again, hard, good or easy")
	fl.StringVar(&f.at, "at", "", "with --answer: when it was answered (RFC 3339; default now)")
	fl.StringVar(&f.importLog, "import-log", "", "import an FSRS review-log CSV")
	fl.StringVar(&f.exportLog, "export-log", "", "export all answers as an FSRS review-log CSV (- for stdout)")
	return cmd
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func listDue(ctx context.Context, env Env, svc *review.Service, f reviewFlags) error {
	cards, err := svc.DueList(ctx, f.deck, f.limit)
	if err != nil {
		return err
	}
	if f.asJSON {
		if cards == nil {
			cards = []*review.Card{}
		}
		return printJSON(env.Stdout, cards)
	}
	if len(cards) == 0 {
		fmt.Fprintln(env.Stdout, "Nothing is due. Well done.")
		return nil
	}
	for _, c := range cards {
		fmt.Fprintf(env.Stdout, "%-10s %-16s %s\n    %s\n", c.State, trunc(c.Deck, 16), c.ID, firstLine(c.Prompt))
	}
	fmt.Fprintf(env.Stdout, "%d due\n", len(cards))
	return nil
}

func answerOne(ctx context.Context, env Env, svc *review.Service, f reviewFlags) error {
	if f.rating == "" {
		return inflow.Errorf(inflow.EINVALID, "--answer needs --rating again|hard|good|easy")
	}
	r, err := fsrs.ParseRating(f.rating)
	if err != nil {
		return inflow.Errorf(inflow.EINVALID, "%v", err)
	}
	var at time.Time
	if f.at != "" {
		if at, err = time.Parse(time.RFC3339, f.at); err != nil {
			return inflow.Errorf(inflow.EINVALID, "--at %q is not an RFC 3339 time such as 2026-11-28T09:30:00Z", f.at)
		}
	}
	res, err := svc.Answer(ctx, f.answer, r, 0, at)
	if err != nil {
		return err
	}
	if f.asJSON {
		return printJSON(env.Stdout, res)
	}
	fmt.Fprintf(env.Stdout, "%s: %s, due %s (%s)\n", res.Card.ID, r, res.Card.Due.Local().Format("2006-01-02 15:04"), res.Card.State)
	return nil
}

func importLog(ctx context.Context, env Env, p *profile.Profile, f reviewFlags) error {
	file, err := os.Open(f.importLog)
	if err != nil {
		return inflow.Errorf(inflow.EINVALID, "cannot read %s: %v", f.importLog, err)
	}
	defer file.Close()
	sum, err := reviewimport.ImportCSV(ctx, p.Library, p.Store, file)
	if err != nil {
		return fmt.Errorf("%s: %w", f.importLog, err)
	}
	if f.asJSON {
		return printJSON(env.Stdout, sum)
	}
	fmt.Fprintf(env.Stdout, "Read %d answers for %d cards: %d new cards, %d cards and answers were already there.\n", sum.Answers, sum.Cards, sum.NewCards, sum.Duplicates)
	return nil
}

func exportLog(ctx context.Context, env Env, p *profile.Profile, f reviewFlags) error {
	w, done := env.Stdout, func() error { return nil }
	if f.exportLog != "-" {
		tmp, err := os.CreateTemp(filepath.Dir(f.exportLog), ".inflow-export-*")
		if err != nil {
			return inflow.Errorf(inflow.EINVALID, "cannot write next to %s: %v", f.exportLog, err)
		}
		defer os.Remove(tmp.Name())
		w = tmp
		done = func() error {
			if err := tmp.Close(); err != nil {
				return err
			}
			return os.Rename(tmp.Name(), f.exportLog)
		}
	}
	n, err := reviewimport.ExportCSV(ctx, p.Store, w)
	if err != nil {
		return err
	}
	if err := done(); err != nil {
		return err
	}
	if f.exportLog != "-" {
		fmt.Fprintf(env.Stderr, "Exported %d answers to %s\n", n, f.exportLog)
	}
	return nil
}

// session runs an interactive review in the terminal, reading one line per
// step from stdin.
func session(ctx context.Context, env Env, svc *review.Service, deck string) error {
	in := bufio.NewScanner(env.Stdin)
	clock := env.Clock
	if clock == nil {
		clock = inflow.SystemClock{}
	}
	out := env.Stdout
	read := func() (string, bool) {
		if !in.Scan() {
			return "", false
		}
		return strings.ToLower(strings.TrimSpace(in.Text())), true
	}
	var last *review.AnswerResult
	counts := map[fsrs.Rating]int{}
	var spent time.Duration
	for {
		p, err := svc.Next(ctx, deck)
		if err != nil {
			return err
		}
		if p == nil {
			break
		}
		shown := clock.Now()
		fmt.Fprintf(out, "\n[%s] %d left\n\n%s\n\n(Enter shows the answer, q quits) ", p.Card.Deck, p.Remaining, p.Card.Prompt)
		line, ok := read()
		if !ok || line == "q" {
			break
		}
		fmt.Fprintf(out, "\n%s\n\n1 again %s   2 hard %s   3 good %s   4 easy %s   u undo last   q quit\n> ",
			p.Card.Answer, p.Intervals.Again, p.Intervals.Hard, p.Intervals.Good, p.Intervals.Easy)
		var r fsrs.Rating
		for r == 0 {
			line, ok = read()
			if !ok || line == "q" {
				return summary(out, counts, spent)
			}
			if line == "u" {
				if last == nil {
					fmt.Fprint(out, "Nothing to undo.\n> ")
					continue
				}
				if _, err := svc.Undo(ctx, last.EventID); err != nil {
					return err
				}
				fmt.Fprintln(out, "Undone: that card comes back.")
				last = nil
				r = -1
				break
			}
			if r, err = fsrs.ParseRating(line); err != nil {
				fmt.Fprint(out, "Type 1, 2, 3 or 4 (or u, q).\n> ")
				r = 0
			}
		}
		if r < 0 {
			continue
		}
		took := min(clock.Now().Sub(shown), review.MaxAnswerDuration)
		if last, err = svc.Answer(ctx, p.Card.ID, r, took, time.Time{}); err != nil {
			return err
		}
		counts[r]++
		spent += took
	}
	return summary(out, counts, spent)
}

func summary(w io.Writer, counts map[fsrs.Rating]int, spent time.Duration) error {
	total := 0
	for _, n := range counts {
		total += n
	}
	if total == 0 {
		fmt.Fprintln(w, "\nNothing to review now.")
		return nil
	}
	fmt.Fprintf(w, "\nReviewed %d cards in %s: again %d, hard %d, good %d, easy %d.\n",
		total, spent.Round(time.Second), counts[fsrs.Again], counts[fsrs.Hard], counts[fsrs.Good], counts[fsrs.Easy])
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	return trunc(s, 100)
}

func trunc(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
