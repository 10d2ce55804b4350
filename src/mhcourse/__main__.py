from mhcourse.cli import main

raise SystemExit(main())
