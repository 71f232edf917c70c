package profile

import (
	"context"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
)

// RecordPulled records events pulled from the server (pass it to
// syncclient.Local). Beyond the library's RecordMany, it reschedules the
// cards a pulled change of review settings affects, so card states stay a
// replay of the same log under the same settings on every device.
func (p *Profile) RecordPulled(ctx context.Context, evs []*inflow.Event) (int, error) {
	n, err := p.Library.RecordMany(ctx, evs)
	if err != nil {
		return n, err
	}
	// Even when none is new: a retry after a failed reschedule must redo it.
	for _, ev := range evs {
		if ev.Type == inflow.EventSettingChanged && ev.Subject == review.SettingsKey {
			if _, err := p.Reviews.Reconcile(ctx); err != nil {
				return n, err
			}
			break
		}
	}
	return n, nil
}
