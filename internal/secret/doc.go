// Package secret keeps small secrets of a profile, such as the device token
// the sync server issued at sign-in, out of the profile's settings.
//
// The OS keyring is used when one answers (Secret Service over D-Bus on
// Linux, Keychain on macOS, Credential Manager on Windows, all through
// github.com/zalando/go-keyring); otherwise the secrets live in
// <profile>/secrets.json, readable only by the owner. Keyring entries are
// named "<key>@<profile id>", the id derived from the profile directory, so
// two profiles of one OS user never see each other's secrets.
package secret
