"""Operations: what running Công Văn in production needs beyond the domain — worker leases and the recovery of
tasks left running by a dead worker, effects recorded once, readiness, request logs."""
