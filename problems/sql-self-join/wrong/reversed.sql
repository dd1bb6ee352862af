-- Joins the wrong way round: lists each person's reports instead of their manager.
SELECT e.name AS employee, m.name AS manager
FROM Employees e
LEFT JOIN Employees m ON m.manager_id = e.id;
