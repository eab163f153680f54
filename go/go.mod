module github.com/onap/onap-hpa/go

go 1.24

require (
	github.com/onap/onap-hpa/contract v0.0.0
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	golang.org/x/sys v0.30.0
)

require golang.org/x/text v0.14.0 // indirect

// The contract's data (schemas, catalogue, shared vectors) lives once, in ../contract, read by Python
// as package data and embedded by that module for Go. A release tags contract/vX.Y.Z and pins it here.
replace github.com/onap/onap-hpa/contract => ../contract
