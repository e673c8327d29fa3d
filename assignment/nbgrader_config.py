# nbgrader's configuration for the backprop-lab assignment; this folder is the course directory
# (source/ holds the instructor's notebook, release/ the student version that `npm run assignment` builds).
import time

from nbgrader.converters.autograde import Autograde
from nbgrader.preprocessors import Execute

c = get_config()  # noqa: F821 -- defined by nbgrader when it loads this file

c.CourseDirectory.course_id = "backprop-lab"

# tslab's kernelspec says "typescript"; nbgrader knows only Python's stub and refuses other languages without one.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
    "typescript": '// YOUR CODE HERE\nthrow new Error("not implemented");',
}

# The kernel compiles TypeScript on start: give a notebook time.
c.Execute.timeout = 300


class TslabExecute(Execute):
    """nbgrader's Execute, fitted to two habits of the tslab kernel (1.0.22).

    tslab reports a failed cell on stderr and answers with an error reply that has no ename, evalue or
    traceback, which nbgrader reads (KeyError): they are filled in. And for 200 ms after an error tslab
    aborts every new request, so the next cell would run not at all, leave no output, and so get full
    marks: after an error, the next cell is sent only once that window has passed.
    """

    def on_cell_executed(self, **kwargs):
        content = kwargs["execute_reply"]["content"]
        if content.get("status") == "error":
            content.setdefault("ename", "Error")
            content.setdefault("evalue", "the cell failed (its message is printed above)")
            content.setdefault("traceback", [])
            time.sleep(0.4)
        return super().on_cell_executed(**kwargs)


c.Autograde.autograde_preprocessors = [
    TslabExecute if p is Execute else p for p in Autograde.class_traits()["autograde_preprocessors"].default()
]
