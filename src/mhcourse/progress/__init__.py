"""The learner's record: a SQLite store on this machine, profiles, export and import, backups."""
