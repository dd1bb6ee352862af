-- The right rows, with the columns the wrong way round.
SELECT d.dept_name, e.name
FROM Employees e
LEFT JOIN Departments d ON d.id = e.dept_id;
