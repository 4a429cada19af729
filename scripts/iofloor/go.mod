module ezz/scripts/iofloor

go 1.26.0
