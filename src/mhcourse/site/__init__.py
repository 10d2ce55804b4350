"""The site configuration, a layer of its own between the faces and learning/: the file's shape
(schema), reading and combining the files (loading), the configuration in effect (config), the
site's helplines and track, and the settings of one run (settings)."""
