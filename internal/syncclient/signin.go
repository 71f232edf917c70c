package syncclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// SignIn signs this device in to a server with a password and returns the
// device token, which the caller keeps (in a secret.Store under TokenKey).
// The server and user become this client's account: later syncs go there
// and keep their cursors under it. deviceID "" means Config.Device.
func (c *Client) SignIn(ctx context.Context, server, user, password, deviceID, deviceName string) (syncproto.SignInResponse, error) {
	var resp syncproto.SignInResponse
	base, err := normalizeServer(server, c.allowHTTP)
	if err != nil {
		return resp, err
	}
	if deviceID == "" {
		deviceID = c.device
	}
	body, err := json.Marshal(syncproto.SignInRequest{User: user, Password: password, DeviceID: deviceID, DeviceName: deviceName})
	if err != nil {
		return resp, fmt.Errorf("sign in: %w", err)
	}
	err = c.do(ctx, http.MethodPost, base, "/api/v1/signin", nil, "", body, &resp)
	var se *ServerError
	switch {
	case errors.As(err, &se) && se.Status == http.StatusUnauthorized:
		return resp, inflow.Errorf(inflow.EINVALID, "wrong user name or password")
	case errors.As(err, &se) && se.Status == http.StatusTooManyRequests:
		return resp, fmt.Errorf("too many sign-in attempts, try again in %s: %w", se.RetryAfter, err)
	case err != nil:
		return resp, fmt.Errorf("sign in: %w", err)
	case resp.Token == "":
		return resp, inflow.Errorf(inflow.EINTERNAL, "sign in: the server sent no token")
	}
	if resp.User == "" {
		resp.User = user
	}
	a := account{Server: base, User: resp.User}
	if err := c.store.SetSetting(ctx, accountKey, a); err != nil {
		return resp, fmt.Errorf("save account: %w", err)
	}
	c.mu.Lock()
	c.server, c.serverErr = base, nil
	c.mu.Unlock()
	c.update(func(st *Status) {
		st.Server, st.User, st.Online, st.LastError = a.Server, a.User, true, ""
	})
	return resp, nil
}

// SignOut revokes the device token on the server; a token the server no
// longer knows counts as signed out. The caller deletes its copy.
func (c *Client) SignOut(ctx context.Context) error {
	a, err := c.account(ctx)
	if err != nil {
		return err
	}
	token, err := c.token()
	if err != nil || token == "" {
		return err
	}
	err = c.do(ctx, http.MethodPost, a.Server, "/api/v1/signout", nil, token, nil, nil)
	if err != nil && !errors.Is(err, ErrSignedOut) {
		return fmt.Errorf("sign out: %w", err)
	}
	return nil
}
