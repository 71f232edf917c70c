package anki

// A minimal reader for the protobuf wire format, enough to take a varint or
// a string field out of the config blobs of schema 15+ collections
// (Notetype.Config.kind is field 1; Template.Config.q_format and a_format
// are fields 1 and 2). Malformed input makes the lookup fail, never panic.

// Protobuf wire types.
const (
	wireVarint  = 0
	wireFixed64 = 1
	wireBytes   = 2
	wireFixed32 = 5
)

// protoField is one decoded field of a message.
type protoField struct {
	num   uint64
	wire  int
	value uint64 // varint and fixed fields
	data  []byte // length-delimited fields
}

// readVarint decodes a base-128 varint from b, returning the value and the
// number of bytes read (0 when b does not start with a valid varint).
func readVarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		c := b[i]
		if i == 9 && c > 1 {
			return 0, 0 // more than 64 bits
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

// protoFields calls fn for each top-level field of msg, stopping at the
// first malformed one; it reports whether the whole message was well
// formed.
func protoFields(msg []byte, fn func(protoField)) bool {
	for len(msg) > 0 {
		key, n := readVarint(msg)
		if n == 0 {
			return false
		}
		msg = msg[n:]
		f := protoField{num: key >> 3, wire: int(key & 7)}
		switch f.wire {
		case wireVarint:
			v, n := readVarint(msg)
			if n == 0 {
				return false
			}
			f.value, msg = v, msg[n:]
		case wireFixed64:
			if len(msg) < 8 {
				return false
			}
			for i := 7; i >= 0; i-- {
				f.value = f.value<<8 | uint64(msg[i])
			}
			msg = msg[8:]
		case wireFixed32:
			if len(msg) < 4 {
				return false
			}
			for i := 3; i >= 0; i-- {
				f.value = f.value<<8 | uint64(msg[i])
			}
			msg = msg[4:]
		case wireBytes:
			l, n := readVarint(msg)
			if n == 0 || l > uint64(len(msg)-n) {
				return false
			}
			f.data, msg = msg[n:n+int(l)], msg[n+int(l):]
		default: // groups (3, 4) and reserved wire types
			return false
		}
		fn(f)
	}
	return true
}

// protoVarint returns the last value of varint field num in msg.
func protoVarint(msg []byte, num uint64) (uint64, bool) {
	var v uint64
	var found bool
	protoFields(msg, func(f protoField) {
		if f.num == num && f.wire == wireVarint {
			v, found = f.value, true
		}
	})
	return v, found
}

// protoString returns the last value of string field num in msg.
func protoString(msg []byte, num uint64) (string, bool) {
	var s []byte
	var found bool
	protoFields(msg, func(f protoField) {
		if f.num == num && f.wire == wireBytes {
			s, found = f.data, true
		}
	})
	return string(s), found
}
