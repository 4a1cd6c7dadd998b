"""`helpcenter deploy`: publish a built site to directory, rsync and S3 targets, atomically, verified."""
