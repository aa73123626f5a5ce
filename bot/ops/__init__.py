"""Operations: backups, health, metrics, the operations server and the logs."""
