"""gunicorn settings shared by `make run`, the image and compose.

The access log records the path without its query string: searches and the duplicate lookup
carry names, phone numbers and national ID numbers in their query strings.
"""

accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
