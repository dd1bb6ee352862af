SELECT e.name, d.dept_name
FROM Employees AS e
LEFT JOIN Departments AS d ON d.id = e.dept_id;
