"""Entry point for ``spark-submit``: the newsweave command line as a plain script.

spark-submit --master spark://host:7077 scripts/spark_entry.py analyze INPUTS --engine spark
"""

from newsweave.cli import main

main()
