"""Run the command line with ``python -m dedupe_article``."""

from dedupe_article.cli import main

if __name__ == "__main__":
    main()
