"""``python -m gwparse`` and the ``gwparse`` command."""
import sys


def run() -> None:
    try:
        from gwparse.cli import main
    except KeyboardInterrupt:  # Ctrl-C while the command is still loading: as anywhere else, 130
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()
