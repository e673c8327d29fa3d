# nbgrader's configuration for the backprop-lab assignment; this folder is the course directory
# (source/ holds the instructor's notebook, release/ the student version that `npm run assignment` builds).
c = get_config()  # noqa: F821 -- defined by nbgrader when it loads this file

c.CourseDirectory.course_id = "backprop-lab"

# tslab's kernelspec says "typescript"; nbgrader knows only Python's stub and refuses other languages without one.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
    "typescript": '// YOUR CODE HERE\nthrow new Error("not implemented");',
}
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"

# The kernel compiles TypeScript on start: give a notebook time.
c.Execute.timeout = 300
