import os

# The statistics fit small matrices (a few thousand nights, a few dozen
# columns): BLAS threads would only fight the web workers for the cores, and a
# 10-year analysis took 300-470 ms with them on a busy two-core machine against
# ~80 ms without (docs/performance.md). Set before numpy is first imported;
# an operator's own value wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
