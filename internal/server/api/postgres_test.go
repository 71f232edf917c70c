package api_test

import (
	"testing"

	"github.com/inflow-learning/inflow/internal/server/pgstore/pgtest"
	"github.com/inflow-learning/inflow/internal/server/store"
)

// postgresStore opens a store on a schema of its own in the database
// named by INFLOW_TEST_POSTGRES; the test is skipped when it is unset.
func postgresStore(t *testing.T) store.Store { return pgtest.Open(t) }
