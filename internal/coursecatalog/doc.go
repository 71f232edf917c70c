// Package coursecatalog lists courses for a learner: the ones installed on
// this device, with progress, merged with the catalog of the server the
// device is signed in to. The command line (`inflow courses`) and the
// desktop app's Courses view both show this list.
//
// It holds no HTTP or storage code: the installed courses, their progress
// and the server's catalog come in through small interfaces.
package coursecatalog
