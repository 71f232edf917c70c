-- 0002: course files (blobs, in chunks) and published courses.

-- A blob is a course file named by its SHA-256, shared by every course and
-- version. Its row is written last, in the transaction that wrote its
-- chunks, so a blob with a row is complete. type is the media type the
-- first course that listed it gave it.
CREATE TABLE blobs (
    sha256 text   PRIMARY KEY,
    size   bigint NOT NULL CHECK (size >= 0),
    type   text   NOT NULL DEFAULT ''
);

-- The bytes, in chunks of 1 MiB numbered from 0, so no replica ever holds
-- a whole video in memory. Media barely compress: store them as they are.
CREATE TABLE blob_chunks (
    sha256 text    NOT NULL,
    n      integer NOT NULL,
    data   bytea   NOT NULL,
    PRIMARY KEY (sha256, n)
);
ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- Each course's current version: info is the store.CourseInfo summary as
-- JSON (what the list shows), manifest the whole manifest as JSON.
CREATE TABLE courses (
    id       text  PRIMARY KEY,
    version  text  NOT NULL,
    digest   text  NOT NULL,
    info     bytea NOT NULL,
    manifest bytea NOT NULL
);
