package storetest

import (
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
)

func testUsersCreateAndFind(t *testing.T, s store.Store) {
	alice := mustUser(t, s, "alice")
	if _, err := uuid.Parse(alice.ID); err != nil {
		t.Fatalf("user id %q is not a UUID", alice.ID)
	}
	if alice.Created.IsZero() || alice.Role != store.RoleLearner || alice.Disabled {
		t.Fatalf("created user = %+v", alice)
	}
	mustUser(t, s, "Carol")
	mustUser(t, s, "bob")

	for _, name := range []string{"alice", "ALICE", "Alice"} {
		u, err := s.UserByName(ctx, name)
		if err != nil || !sameUser(u, alice) {
			t.Fatalf("UserByName(%s) = %+v, %v; want %+v", name, u, err, alice)
		}
	}
	u, err := s.UserByID(ctx, alice.ID)
	if err != nil || !sameUser(u, alice) {
		t.Fatalf("UserByID = %+v, %v; want %+v", u, err, alice)
	}
	if u.PasswordHash == "" {
		t.Fatal("the password hash was not kept")
	}
	all, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range all {
		names = append(names, u.Name)
	}
	if strings.Join(names, ",") != "alice,bob,Carol" {
		t.Fatalf("Users = %v, want alice, bob, Carol (by name, ignoring case)", names)
	}
}

func testUserNamesUnique(t *testing.T, s store.Store) {
	mustUser(t, s, "Dana")
	for _, name := range []string{"Dana", "dana", "DANA"} {
		_, err := s.CreateUser(ctx, store.User{Name: name, Role: store.RoleAdmin})
		wantCode(t, "CreateUser("+name+")", err, inflow.ECONFLICT)
	}
	if all, _ := s.Users(ctx); len(all) != 1 {
		t.Fatalf("%d users after clashes, want 1", len(all))
	}
}

// testUserNamesRace creates one name from several goroutines at once:
// exactly one may win.
func testUserNamesRace(t *testing.T, s store.Store) {
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = s.CreateUser(ctx, store.User{Name: "race", Role: store.RoleLearner})
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch inflow.ErrorCode(err) {
		case "":
			won++
		case inflow.ECONFLICT:
		default:
			t.Fatalf("CreateUser: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d concurrent creations of one name succeeded, want 1", won)
	}
}

func testUserValidation(t *testing.T, s store.Store) {
	for _, name := range []string{"", "has space", "tab\t", "émile", "a/b", "semi;colon", strings.Repeat("a", 65)} {
		_, err := s.CreateUser(ctx, store.User{Name: name, Role: store.RoleLearner})
		wantCode(t, "CreateUser("+name+")", err, inflow.EINVALID)
	}
	for _, role := range []string{"", "root", "Admin"} {
		_, err := s.CreateUser(ctx, store.User{Name: "ok", Role: role})
		wantCode(t, "CreateUser(role "+role+")", err, inflow.EINVALID)
	}
	for _, name := range []string{"a", "a.b_c@d-e", "0", strings.Repeat("z", 64)} {
		if _, err := s.CreateUser(ctx, store.User{Name: name, Role: store.RoleAuthor}); err != nil {
			t.Fatalf("CreateUser(%s): %v", name, err)
		}
	}
}

func testUserNotFound(t *testing.T, s store.Store) {
	mustUser(t, s, "erin")
	_, err := s.UserByName(ctx, "nobody")
	wantCode(t, "UserByName", err, inflow.ENOTFOUND)
	_, err = s.UserByID(ctx, uuid.Must(uuid.NewV7()).String())
	wantCode(t, "UserByID", err, inflow.ENOTFOUND)
	_, err = s.UserByID(ctx, "not-a-uuid")
	wantCode(t, "UserByID(not-a-uuid)", err, inflow.ENOTFOUND)
	err = s.UpdateUser(ctx, store.User{ID: uuid.Must(uuid.NewV7()).String(), Name: "erin", Role: store.RoleLearner})
	wantCode(t, "UpdateUser", err, inflow.ENOTFOUND)
}

func testUpdateUser(t *testing.T, s store.Store) {
	u := mustUser(t, s, "frank")
	other := mustUser(t, s, "grace")
	want := u
	want.Role, want.PasswordHash, want.Disabled = store.RoleAdmin, "new-hash", true
	change := want
	change.Name = "renamed" // names do not change
	if err := s.UpdateUser(ctx, change); err != nil {
		t.Fatal(err)
	}
	if got, err := s.UserByID(ctx, u.ID); err != nil || !sameUser(got, want) {
		t.Fatalf("after update = %+v, %v; want %+v", got, err, want)
	}
	if got, err := s.UserByName(ctx, "frank"); err != nil || !sameUser(got, want) {
		t.Fatalf("by name after update = %+v, %v; want %+v", got, err, want)
	}
	if got, _ := s.UserByID(ctx, other.ID); !sameUser(got, other) {
		t.Fatalf("another user changed: %+v", got)
	}
	change.Role = "root"
	wantCode(t, "UpdateUser(bad role)", s.UpdateUser(ctx, change), inflow.EINVALID)
	want.Disabled = false
	if err := s.UpdateUser(ctx, want); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.UserByID(ctx, u.ID); !sameUser(got, want) {
		t.Fatalf("re-enabled = %+v, want %+v", got, want)
	}
}

// sameUser compares users, times by instant.
func sameUser(a, b store.User) bool {
	a.Created, b.Created = a.Created.UTC(), b.Created.UTC()
	return a == b
}
