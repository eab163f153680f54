from onap_hpa_host.cli import main

raise SystemExit(main())
