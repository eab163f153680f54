module github.com/onap/onap-hpa/contract

go 1.22
