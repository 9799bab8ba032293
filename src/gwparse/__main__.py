from gwparse.cli import main

main()
