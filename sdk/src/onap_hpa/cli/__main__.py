from onap_hpa.cli import main

raise SystemExit(main())
