## Admins: nightly backups of the database (BACKUP_DIR)

backup-failed = ⚠️ <b>The database backup was not written</b>
    Folder: <code>{ $folder }</code>
    Error: { $error }

    Until backups work, the data cannot be recovered after a disk failure. The next attempt is tomorrow at { $time }; a backup can also be made by hand: <code>python -m bot backup FILE</code>. I won't write about this again while it keeps failing, and will tell you when backups work again.
backup-recovered = ✅ <b>Backups work again</b>: { $file } ({ NUMBER($mb, maximumFractionDigits: 1) } MB). They had been failing since { $since }.
