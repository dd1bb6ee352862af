-- An aggregate in WHERE: filtering groups is HAVING's job.
SELECT d.dept_name, count(*) AS employees, avg(e.salary) AS avg_salary
FROM Departments d
JOIN Employees e ON e.dept_id = d.id
WHERE count(*) >= 2
GROUP BY d.id;
